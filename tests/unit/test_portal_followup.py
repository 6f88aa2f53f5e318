"""Internal notes and key actions of management responses reach the review edition only."""

from __future__ import annotations

from reportgen.content.responses import ManagementResponse
from reportgen.edition import _public_response


def test_internal_notes_and_actions_are_left_out_of_the_public_edition():
    response = ManagementResponse.model_validate({
        "recommendation": "R1", "status": "accepted", "text": {"en": "Yes"}, "date": "2025-01-01",
        "notes": [{"text": {"en": "secret"}}, {"text": {"en": "said"}, "visibility": "public"}],
        "key_actions": [
            {"id": "KA1", "text": {"en": "Do"}, "unit": "U", "due": "2025-06-01", "status": "in progress",
             "notes": [{"text": {"en": "secret too"}, "date": "2025-02-01"}]},
            {"id": "KA2", "text": {"en": "Hidden"}, "unit": "U", "due": "2025-06-01", "status": "not started",
             "visibility": "internal"}]})
    public = _public_response(response)
    assert [n.text.model_dump()["en"] for n in public.notes] == ["said"]
    assert [a.id for a in public.key_actions] == ["KA1"] and public.key_actions[0].notes == []
    assert len(response.key_actions) == 2 and len(response.notes) == 2  # the review edition keeps them
