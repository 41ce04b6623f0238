"""The class, live: who is connected and where, and the live quiz — no Textual here.

`hub` runs in the server process and knows every session; `protocol` is how a
session and the hub talk (one JSON object per line over a socket the server
hands each session); `link` is a session's end of it.
"""
