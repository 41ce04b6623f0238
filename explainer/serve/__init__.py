"""The SSH-served demo: every connection gets its own explainer, and nothing else.

`server` accepts connections and enforces auth and limits, `session` runs one
student's explainer in its own process on its own pseudo-terminal, and `child`
is that process's entry point.
"""
