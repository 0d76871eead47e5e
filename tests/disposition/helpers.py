"""Steps of the government side for tests: each goes through the real services."""

from disposition import services


def dispose_to(complaint, unit, coordinator, **kwargs):
    return services.dispose(complaint=complaint, user=coordinator, lead_unit=unit, **kwargs)


def in_progress(complaint, unit, coordinator, operator):
    complaint = dispose_to(complaint, unit, coordinator)
    return services.accept(complaint=complaint, user=operator)


def with_draft(complaint, unit, people, text="Lubang sudah ditambal tanggal 20."):
    complaint = in_progress(complaint, unit, people.alice, people.bob)
    services.save_draft(complaint=complaint, user=people.bob, text=text)
    return complaint


def awaiting_approval(complaint, unit, people):
    complaint = with_draft(complaint, unit, people)
    services.submit_for_approval(complaint=complaint, user=people.bob)
    return complaint


def published(complaint, unit, people, operator):
    """Dispositioned to a unit that needs no approval, accepted and answered by `operator`."""
    complaint = in_progress(complaint, unit, people.alice, operator)
    services.save_draft(complaint=complaint, user=operator, text="Sudah diperbaiki.")
    return services.publish(complaint=complaint, user=operator)
