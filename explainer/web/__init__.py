"""The browser face: `explainer web` serves the same app to browsers through textual-serve.

`server` signs students in, counts and times their sessions and logs them;
`signin` is who may enter and the page where they say who they are; `child` is
the process each browser tab gets.
"""
