"""A public service as data: the parsed, validated form of a service definition (YAML).

`parse_definition(data)` turns the YAML mapping into a `ServiceSpec` or raises
`DefinitionError` listing every problem, so that the loader and the admin reject an inconsistent
definition with all its faults at once. The schema is documented in docs/howto/services.md.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = {
    "kependudukan": "Kependudukan",
    "perizinan": "Perizinan",
    "kesehatan": "Kesehatan",
    "pendidikan": "Pendidikan",
    "sosial": "Sosial",
    "pajak": "Pajak dan retribusi",
    "umum": "Umum",
}
FIELD_TYPES = {"text", "textarea", "number", "date", "choice", "nik", "kk", "region", "file",
               "email", "phone"}
FILE_FORMATS = {"pdf", "jpg", "png"}
# Who may take a workflow action: the applicant, or an officer holding one of these roles in the
# service's office (see balai.accounts.models.Role).
APPLICANT = "pemohon"
OFFICER_ROLES = {"petugas", "verifikator", "pejabat_penandatangan", "operator_layanan", "admin"}
WORKFLOW_ROLES = OFFICER_ROLES | {APPLICANT}
COMMENT_RULES = {"required", "optional", "none"}
MAX_UPLOAD_MB = 20

_KEYS = {
    "definition": {"code", "version", "name", "office", "category", "description", "legal_basis",
                   "deadline_working_days", "fee", "keywords", "requirements", "fields",
                   "workflow", "output"},
    "text": {"id", "en"},
    "requirement": {"code", "name", "formats", "max_mb", "required", "description"},
    "field": {"name", "type", "label", "required", "help", "max_length", "min", "max", "choices",
              "not_after", "not_before"},
    "workflow": {"initial", "states", "actions"},
    "state": {"name", "label"},
    "action": {"name", "label", "from", "to", "roles", "comment", "issues", "public"},
    "output": {"template", "number_format", "title"},
}

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class DefinitionError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Text:
    id: str
    en: str = ""

    def get(self, language: str = "id") -> str:
        return self.en if language.startswith("en") and self.en else self.id


@dataclass(frozen=True)
class Requirement:
    code: str
    name: Text
    formats: tuple[str, ...]
    max_mb: float
    required: bool
    description: Text = Text("")


@dataclass(frozen=True)
class FormField:
    name: str
    type: str
    label: Text
    required: bool
    help: Text = Text("")
    max_length: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    choices: tuple[tuple[str, Text], ...] = ()
    not_after: str | None = None  # "today" or an ISO date
    not_before: str | None = None


@dataclass(frozen=True)
class WorkflowAction:
    name: str
    label: Text
    from_states: tuple[str, ...]
    to: str
    roles: tuple[str, ...]
    comment: str  # required | optional | none
    issues: str | None = None  # output document issued by this action
    public: bool = True  # whether its timeline entry is shown to the applicant and the public


@dataclass(frozen=True)
class Workflow:
    initial: str
    states: tuple[str, ...]
    state_labels: dict[str, Text]
    final_states: tuple[str, ...]
    actions: tuple[WorkflowAction, ...]

    def action(self, name: str) -> WorkflowAction | None:
        return next((a for a in self.actions if a.name == name), None)

    def actions_from(self, state: str) -> list[WorkflowAction]:
        return [a for a in self.actions if state in a.from_states]

    def label(self, state: str, language: str = "id") -> str:
        text = self.state_labels.get(state)
        return text.get(language) if text else state.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Output:
    template: str
    number_format: str
    title: Text


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    version: int
    name: Text
    office: str
    category: str
    description: Text
    deadline_working_days: int
    fee: int
    legal_basis: str
    requirements: tuple[Requirement, ...]
    fields: tuple[FormField, ...]
    workflow: Workflow
    output: Output | None
    keywords: tuple[str, ...] = field(default_factory=tuple)

    def requirement(self, code: str) -> Requirement | None:
        return next((r for r in self.requirements if r.code == code), None)


def _unknown_keys(item: dict[str, Any], kind: str, where: str, problems: list[str]) -> None:
    """A misspelt key would silently be ignored: name it instead."""
    unknown = sorted(str(key) for key in item if key not in _KEYS[kind])
    if unknown:
        hint = (" (teks yang mengandung koma harus diberi tanda kutip)" if kind == "text" else "")
        problems.append(f"{where}: kunci tidak dikenal {', '.join(repr(k) for k in unknown)}"
                        f"{hint}")


def _text(value: Any, where: str, problems: list[str], *, required: bool = True) -> Text:
    if isinstance(value, dict):
        _unknown_keys(value, "text", where, problems)
    if isinstance(value, str):
        return Text(value)
    if isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"].strip():
        return Text(value["id"], str(value.get("en") or ""))
    if value is None and not required:
        return Text("")
    problems.append(f"{where}: harus berupa teks atau {{id: …, en: …}}")
    return Text("")


def _requirements(items: Any, problems: list[str]) -> tuple[Requirement, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        problems.append("requirements: harus berupa daftar")
        return ()
    result, seen = [], set()
    for i, item in enumerate(items):
        where = f"requirements[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: harus berupa pemetaan")
            continue
        _unknown_keys(item, "requirement", where, problems)
        code = str(item.get("code", ""))
        if not _CODE.match(code):
            problems.append(f"{where}.code: {code!r} bukan kode yang sah (huruf kecil, angka, -)")
        if code in seen:
            problems.append(f"{where}.code: {code!r} dipakai dua kali")
        seen.add(code)
        formats = tuple(str(f).lower() for f in item.get("formats", ["pdf", "jpg", "png"]))
        unknown = set(formats) - FILE_FORMATS
        if unknown or not formats:
            problems.append(f"{where}.formats: hanya {sorted(FILE_FORMATS)} yang didukung")
        max_mb = item.get("max_mb", 5)
        if not isinstance(max_mb, int | float) or not 0 < max_mb <= MAX_UPLOAD_MB:
            problems.append(f"{where}.max_mb: harus antara 0 dan {MAX_UPLOAD_MB}")
            max_mb = 5
        result.append(Requirement(
            code=code, name=_text(item.get("name"), f"{where}.name", problems), formats=formats,
            max_mb=float(max_mb), required=bool(item.get("required", True)),
            description=_text(item.get("description"), f"{where}.description", problems,
                              required=False),
        ))
    return tuple(result)


def _fields(items: Any, problems: list[str]) -> tuple[FormField, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        problems.append("fields: harus berupa daftar")
        return ()
    result, seen = [], set()
    for i, item in enumerate(items):
        where = f"fields[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: harus berupa pemetaan")
            continue
        _unknown_keys(item, "field", where, problems)
        name, kind = str(item.get("name", "")), str(item.get("type", ""))
        if not _NAME.match(name):
            problems.append(f"{where}.name: {name!r} bukan nama yang sah (huruf kecil, angka, _)")
        if name in seen:
            problems.append(f"{where}.name: {name!r} dipakai dua kali")
        seen.add(name)
        if kind not in FIELD_TYPES:
            known = ", ".join(sorted(FIELD_TYPES))
            problems.append(f"{where}.type: {kind!r} tidak dikenal ({known})")
        choices: list[tuple[str, Text]] = []
        for j, choice in enumerate(item.get("choices") or []):
            if isinstance(choice, dict) and "value" in choice:
                choices.append((str(choice["value"]),
                                _text(choice.get("label"), f"{where}.choices[{j}]", problems)))
            else:
                choices.append((str(choice), Text(str(choice))))
        if kind == "choice" and not choices:
            problems.append(f"{where}.choices: jenis choice memerlukan pilihan")
        for key in ("not_after", "not_before"):
            value = item.get(key)
            if value is not None and value != "today" and not re.match(r"^\d{4}-\d{2}-\d{2}$",
                                                                       str(value)):
                problems.append(f"{where}.{key}: harus 'today' atau tanggal YYYY-MM-DD")
        result.append(FormField(
            name=name, type=kind, label=_text(item.get("label"), f"{where}.label", problems),
            required=bool(item.get("required", True)),
            help=_text(item.get("help"), f"{where}.help", problems, required=False),
            max_length=item.get("max_length"), min_value=item.get("min"),
            max_value=item.get("max"), choices=tuple(choices),
            not_after=None if item.get("not_after") is None else str(item["not_after"]),
            not_before=None if item.get("not_before") is None else str(item["not_before"]),
        ))
    return tuple(result)


def _workflow(data: Any, problems: list[str]) -> Workflow:
    if not isinstance(data, dict):
        problems.append("workflow: wajib ada")
        return Workflow("", (), {}, (), ())
    _unknown_keys(data, "workflow", "workflow", problems)
    states_raw = data.get("states") or []
    states: list[str] = []
    labels: dict[str, Text] = {}
    for i, state in enumerate(states_raw):
        if isinstance(state, dict):
            _unknown_keys(state, "state", f"workflow.states[{i}]", problems)
            name = str(state.get("name", ""))
            labels[name] = _text(state.get("label"), f"workflow.states[{i}].label", problems)
        else:
            name = str(state)
        if not _NAME.match(name):
            problems.append(f"workflow.states[{i}]: {name!r} bukan nama status yang sah")
        if name in states:
            problems.append(f"workflow.states: {name!r} dipakai dua kali")
        states.append(name)
    initial = str(data.get("initial", ""))
    if initial not in states:
        problems.append(f"workflow.initial: {initial!r} tidak ada di daftar status")
    actions: list[WorkflowAction] = []
    for i, item in enumerate(data.get("actions") or []):
        where = f"workflow.actions[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: harus berupa pemetaan")
            continue
        _unknown_keys(item, "action", where, problems)
        name = str(item.get("name", ""))
        if not _NAME.match(name):
            problems.append(f"{where}.name: {name!r} bukan nama yang sah")
        if any(a.name == name for a in actions):
            problems.append(f"{where}.name: {name!r} dipakai dua kali")
        from_states = item.get("from") or []
        from_states = [from_states] if isinstance(from_states, str) else list(from_states)
        for state in from_states:
            if state not in states:
                problems.append(f"{where}.from: status {state!r} tidak dikenal")
        if not from_states:
            problems.append(f"{where}.from: wajib diisi")
        to = str(item.get("to", ""))
        if to not in states:
            problems.append(f"{where}.to: status {to!r} tidak dikenal")
        roles = item.get("roles") or []
        roles = [roles] if isinstance(roles, str) else list(roles)
        for role in roles:
            if role not in WORKFLOW_ROLES:
                problems.append(f"{where}.roles: peran {role!r} tidak dikenal")
        if not roles:
            problems.append(f"{where}.roles: wajib diisi")
        comment = str(item.get("comment", "none"))
        if comment not in COMMENT_RULES:
            problems.append(f"{where}.comment: harus required, optional atau none")
        actions.append(WorkflowAction(
            name=name, label=_text(item.get("label", name.replace("_", " ").capitalize()),
                                   f"{where}.label", problems),
            from_states=tuple(from_states), to=to, roles=tuple(roles), comment=comment,
            issues=item.get("issues"), public=bool(item.get("public", True)),
        ))
    final_states = tuple(s for s in states if not any(s in a.from_states for a in actions))
    if states and initial in states:
        reachable, queue = {initial}, deque([initial])
        while queue:
            state = queue.popleft()
            for action in actions:
                if state in action.from_states and action.to not in reachable:
                    reachable.add(action.to)
                    queue.append(action.to)
        for state in states:
            if state not in reachable:
                problems.append(f"workflow.states: status {state!r} tidak dapat dicapai")
        if not final_states:
            problems.append("workflow: tidak ada status akhir; permohonan tidak pernah selesai")
    return Workflow(initial, tuple(states), labels, final_states, tuple(actions))


def parse_definition(data: Any) -> ServiceSpec:
    """Validate a service definition mapping and return it as a ServiceSpec."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise DefinitionError(["definisi layanan harus berupa pemetaan"])
    _unknown_keys(data, "definition", "definisi", problems)
    code = str(data.get("code", ""))
    if not _CODE.match(code):
        problems.append(f"code: {code!r} bukan kode yang sah (huruf kecil, angka, -)")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        problems.append("version: harus bilangan bulat mulai 1")
        version = 0
    category = str(data.get("category", ""))
    if category not in CATEGORIES:
        problems.append(f"category: {category!r} tidak dikenal ({', '.join(CATEGORIES)})")
    deadline = data.get("deadline_working_days")
    if not isinstance(deadline, int) or deadline < 0:
        problems.append("deadline_working_days: harus bilangan bulat 0 atau lebih")
        deadline = 0
    fee = data.get("fee", 0)
    if not isinstance(fee, int) or fee < 0:
        problems.append("fee: harus bilangan bulat rupiah 0 atau lebih")
        fee = 0
    office = str(data.get("office", ""))
    if not office:
        problems.append("office: wajib diisi (kode kantor)")
    workflow = _workflow(data.get("workflow"), problems)
    output = None
    if data.get("output") is not None:
        out = data["output"]
        if isinstance(out, dict):
            _unknown_keys(out, "output", "output", problems)
        if not isinstance(out, dict) or not out.get("template") or not out.get("number_format"):
            problems.append("output: memerlukan template dan number_format")
        else:
            output = Output(template=str(out["template"]), number_format=str(out["number_format"]),
                            title=_text(out.get("title", data.get("name")), "output.title",
                                        problems))
    issuing = [a for a in workflow.actions if a.issues]
    if issuing and output is None:
        problems.append("output: wajib ada karena sebuah tindakan menerbitkan dokumen")
    spec = ServiceSpec(
        code=code, version=version, name=_text(data.get("name"), "name", problems),
        office=office, category=category,
        description=_text(data.get("description"), "description", problems, required=False),
        deadline_working_days=deadline, fee=fee, legal_basis=str(data.get("legal_basis", "")),
        requirements=_requirements(data.get("requirements"), problems),
        fields=_fields(data.get("fields"), problems), workflow=workflow, output=output,
        keywords=tuple(str(k) for k in data.get("keywords") or ()),
    )
    if problems:
        raise DefinitionError(problems)
    return spec
