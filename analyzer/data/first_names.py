"""Common first names of five letters or more (lower case, unaccented).

A lone single-word author name merges identities only when it is a distinctive handle; a lone
first name ("Michael") is shared by strangers, so it never merges, and at most is listed as a
possible duplicate. Shorter names never merge on their own (identity.py HANDLE_MIN_LENGTH).
"""

from __future__ import annotations

_NAMES = """
aaron abigail adrian adriana ahmed alain albert alberto alejandro aleksandr aleksandra
alessandro alexander alexandra alexandre alexandru alexei alexey alfred alice alicia allison
amanda amber andre andrea andreas andrei andres andrew andrey angel angela angelo anita
annie anthony antoine anton antonio arjun arnaud arthur ashley aurelien austin barbara
benjamin bernard bernardo brandon brenda brian bruno bryan caleb camille carlos carmen carol
caroline catherine cedric charles charlie charlotte chris christian christina christine
christophe christopher claire claude claudia claudio colin cristian cristina damien daniel
daniela danielle david deborah dennis denis diana diego dmitri dmitriy dmitry donald dorothy
douglas dylan edward elena elias elizabeth emily emma emmanuel enrico eric erica erik ethan
eugene evgeny fabian fabio fabrice felipe felix fernando filip florian francesco francis
francisco franck frank frederic gabriel gabriela gareth george gerald gerard gilles giovanni
giuseppe gregory guillaume gustavo hannah harry hector helen henri henrique henry hiroshi
hugo ignacio igor isaac ivan jacob jacques james janet jason javier jeffrey jennifer jeremy
jerome jessica joanna joao joaquin joel johan johannes jonas jonathan jordan jorge joseph
joshua julia julian julien justin karen katherine kelly kenneth kevin kimberly kristian kyle
larry laura laurent lauren leonardo lucas lucia ludovic luis lukas maksim manuel marc marcel
marcelo marco marcos marcus maria mariano marie mario mark martin martina mateusz matheus
mathieu matteo matthew matthias maxim maxime maximilian megan melissa michael michal michel
michelle miguel mikhail mohamed mohammad mohammed nancy natalia nathan nicholas nicolas
nicole nikita nikolai nikolay oleksandr oliver olivier oscar pablo pamela pascal patricia
patrick paulo pavel pedro peter philip philipp philippe pierre piotr rachel rafael rahul
ramon raphael raymond rebecca ricardo richard robert roberto robin rodrigo roman ronald
ruben russell ryan samuel sandra sarah sebastian sebastien sergei sergey sergio shawn simon
simone stefan stefano stephane stephanie stephen steve steven susan sylvain tatiana thiago
thomas timothy tobias tomas travis tyler valentin valentina vanessa victor victoria vincent
vinicius viktor vladimir walter wayne william xavier yannick yusuf zachary
"""
COMMON_FIRST_NAMES: frozenset[str] = frozenset(_NAMES.split())
