"""Service-level deadlines in working days, as regulation sets them (PermenPAN-RB 62/2018).

These are the defaults the portal promises on its home page; the SLA issue makes them
editable per region and per category.
"""

DEFAULT_WORKING_DAYS = {
    "verification": 3,
    "first_response": 5,
    "reporter_reply_window": 10,
    "info_request_window": 10,
}
