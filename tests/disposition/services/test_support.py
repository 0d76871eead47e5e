"""Supporting units' contributions and internal notes (disposition/services/support.py)."""

import pytest

from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.models import InternalNote
from tests.disposition.helpers import dispose_to

pytestmark = pytest.mark.django_db


def test_a_supporting_unit_contributes_but_does_not_answer(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice, supporting_units=[units.dishub])
    with pytest.raises(TransitionNotAllowed, match="wajib diisi"):
        services.contribute(complaint=complaint, user=people.dave, text="")
    contribution = services.contribute(complaint=complaint, user=people.dave,
                                       text="Rambu akan kami pasang.")
    assert contribution.state == "contributed" and contribution.disposition.unit == units.dishub
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.contribute(complaint=complaint, user=people.bob, text="Kami lead.")
    with pytest.raises(TransitionNotAllowed):
        services.save_draft(complaint=complaint, user=people.dave, text="Menjawab?")


def test_internal_notes_come_from_those_working_on_it(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice)
    services.add_note(complaint=complaint, user=people.alice, text="Prioritas.")
    services.add_note(complaint=complaint, user=people.bob, text="Tim berangkat besok.")
    assert list(InternalNote.objects.values_list("unit__code", flat=True)) == [None, "DPU"]
    for outsider in (people.dave, people.erin, people.frank):
        with pytest.raises(TransitionNotAllowed):
            services.add_note(complaint=complaint, user=outsider, text="Boleh?")
