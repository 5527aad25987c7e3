"""The reduce step: the skill model, truck factors, combining repositories, the JSON document."""
