"""The Word writer's rooms: the code that reads and writes Word packages, one concern a module.

For now it holds the safe reading of a user's reference document (``reference``, on top of the
bounded file and zip reading of ``zipread`` and the XML clean-up of ``sanitize``); the writer
itself (``charter.docx_writer``) will move here too.
"""
