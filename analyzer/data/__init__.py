"""Tables as data: languages, path rules and bot names, reviewed like data and tested for shape."""
