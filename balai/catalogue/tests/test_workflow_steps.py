"""The workflow in plain words on the service page (queries.workflow_steps)."""

from __future__ import annotations


def test_workflow_steps_follow_the_shortest_path_to_the_document():
    from balai.catalogue.queries import workflow_steps
    from balai.catalogue.spec import parse_definition
    from balai.catalogue.tests.conftest import service_data

    data = service_data()
    # A shortcut straight to approval makes the usual path shorter.
    data["workflow"]["actions"].append({"name": "setujui_langsung", "from": ["diajukan"],
                                        "to": "disetujui", "roles": ["verifikator"]})
    steps = workflow_steps(parse_definition(data))
    assert [s.label for s in steps.main] == ["Setujui langsung", "Tanda tangani dan terbitkan"]
    assert steps.main[-1].issues_document and steps.main[-1].actors == "pejabat penandatangan"
    assert "Verifikasi berkas" in [s.label for s in steps.other]
