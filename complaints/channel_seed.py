"""The channels lapor itself knows (`complaints.models.Channel`), as rows of the region's
channel table: written by the migration that made the table, and again after every
`flush` (post_migrate), like Django's content types, so that they always exist. A
coordinator may rename or deactivate them; this never overwrites their edits."""

SEED = [
    ("web", "Situs web", "web"),
    ("whatsapp", "WhatsApp", "phone_message"),
    ("sms", "SMS 1708", "phone_message"),
    ("instagram", "Instagram", "social"),
    ("facebook", "Facebook", "social"),
    ("x", "X (Twitter)", "social"),
    ("phone", "Telepon", "phone"),
    ("letter", "Surat", "letter"),
    ("walk_in", "Datang langsung", "walk_in"),
    ("laporgub", "LaporGub", "app"),
    ("sp4n_lapor", "SP4N-LAPOR!", "integration"),
    ("api", "API (Open311)", "integration"),
]


def seed_channels(model, using="default"):
    """Insert the missing built-in channels (one statement; existing rows untouched)."""
    model.objects.using(using).bulk_create(
        [model(code=code, name=name, kind=kind) for code, name, kind in SEED],
        ignore_conflicts=True)
