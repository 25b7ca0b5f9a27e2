"""The application layer under both faces: the console's screens and the command line.

Each use case takes its collaborators (session, client, token store) as arguments, returns
data rather than text, and raises our own errors. No Textual or Rich here.
"""
