"""Filing and following a report by WhatsApp or SMS: inbound messages stored once
(inbound.py), the dialogue the worker holds with each phone (dialogue.py), and the one table
of its keywords and replies (script.py)."""
