import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from models.community_file import BootstrapPerson, Community, VoteRules
from models.community_reading import CommunityFileError, load_community, parse_community

EXAMPLE = Path(__file__).resolve().parent.parent / "community.example.yaml"
EXAMPLE_DATA = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def problems_after(change: Callable[[dict[str, Any]], object]) -> list[str]:
    """Apply `change` to a copy of the example, parse it, and return the reported lines."""
    data = copy.deepcopy(EXAMPLE_DATA)
    change(data)
    with pytest.raises(CommunityFileError) as caught:
        parse_community(yaml.safe_dump(data, allow_unicode=True), source="community.yaml")
    assert caught.value.source == "community.yaml"
    return str(caught.value).splitlines()


@pytest.fixture(scope="module")
def example() -> Community:
    return load_community(EXAMPLE)


def test_example_loads_with_identity_and_rules(example: Community) -> None:
    assert (example.code, example.name, example.join_code) == ("xingfuli", "幸福里社区", "xingfuli")
    assert example.zone.key == "Asia/Shanghai"
    assert example.default_language == "zh"
    assert [a.name for a in example.areas][:2] == ["东区", "西区"]
    assert all(2 <= len(b.units) <= 4 for a in example.areas for b in a.buildings)
    assert example.votes.reminder_hours == [24, 2]
    assert example.votes.recall_pass_rule == "electorate_majority"
    assert example.proposals.representative_cosigns == 2
    people = {p.telegram_id: (p.name, set(p.roles)) for p in example.bootstrap}
    assert people == {1001: ("王主任", {"admin", "committee"}), 1002: ("李委员", {"committee"})}


def test_every_category_routes_to_a_listed_department(example: Community) -> None:
    for category in example.categories:  # or, about the committee, to its supervisors
        assert category.supervised or example.department(category.department or "") is not None
    assert [c.code for c in example.categories if c.supervised] == ["conduct", "openness"]
    noise = example.category("noise")
    assert noise is not None and noise.name == "噪音扰民"
    assert (noise.response_hours, noise.resolve_days) == (12, 3)
    other = example.category("other")
    assert other is not None and (other.response_hours, other.resolve_days) == (2, 3)
    assert example.category("nope") is None and example.department("nope") is None


def test_unit_lookup_and_address_label(example: Community) -> None:
    found = example.find_unit("east", "3", "1")
    assert found is not None
    area, building, unit = found
    assert (area.name, building.name, unit.name) == ("东区", "3号楼", "1单元")
    assert example.address_label("east", "3", "1") == "东区 3号楼 1单元"
    assert example.find_unit("west", "3", "1") is None  # building 3 is in the east area
    assert example.find_unit("east", "3", "9") is None
    with pytest.raises(KeyError, match="west/3/1"):
        example.address_label("west", "3", "1")


def test_models_are_frozen(example: Community) -> None:
    with pytest.raises(ValidationError):
        example.name = "other"  # type: ignore[misc]


def test_numeric_codes_in_yaml_become_strings() -> None:
    def unquote(data: dict[str, Any]) -> None:
        data["areas"][0]["buildings"][0]["units"] = [{"code": 1, "name": "1单元"}]

    data = copy.deepcopy(EXAMPLE_DATA)
    unquote(data)
    community = parse_community(yaml.safe_dump(data, allow_unicode=True))
    assert community.find_unit("east", "1", "1") is not None


def test_defaults_apply_when_sections_are_left_out() -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    optional = ("timezone", "default_language", "public_channel", "board_url", "votes",
                "proposals", "bootstrap")
    for key in optional:
        del data[key]
    community = parse_community(yaml.safe_dump(data, allow_unicode=True))
    assert (community.timezone, community.default_language) == ("Asia/Shanghai", "zh")
    assert community.votes == VoteRules() and community.votes.reminder_hours == [24, 2]
    assert community.proposals.resident_supports == 10 and community.bootstrap == []


def test_category_routed_to_unknown_department() -> None:
    lines = problems_after(lambda d: d["categories"][2].update(department="police"))
    assert lines == ["community.yaml: categories[2].department: unknown department 'police'"]


def test_duplicate_building_code_within_an_area() -> None:
    lines = problems_after(lambda d: d["areas"][0]["buildings"][1].update(code="1"))
    assert lines == ["community.yaml: areas[0].buildings[1].code: duplicate code '1'"]


def test_same_building_code_in_different_areas_is_allowed() -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    data["areas"][1]["buildings"][0]["code"] = "1"
    community = parse_community(yaml.safe_dump(data, allow_unicode=True))
    assert community.address_label("west", "1", "2") == "西区 5号楼 2单元"


def test_duplicate_department_and_category_codes_are_all_reported() -> None:
    def duplicate(data: dict[str, Any]) -> None:
        data["departments"][3]["code"] = "service"
        data["categories"][1]["code"] = "noise"

    assert problems_after(duplicate) == [
        "community.yaml: departments[3].code: duplicate code 'service'",
        "community.yaml: categories[1].code: duplicate code 'noise'",
    ]  # routing to 'city' is not checked against a department list that is itself invalid


def test_empty_units() -> None:
    lines = problems_after(lambda d: d["areas"][1]["buildings"][0].update(units=[]))
    assert lines == ["community.yaml: areas[1].buildings[0].units: must not be empty"]


def test_a_board_address_that_is_not_a_web_address() -> None:
    lines = problems_after(lambda d: d.update(board_url="board.example/?x=1"))
    assert len(lines) == 1 and lines[0].startswith("community.yaml: board_url: ")


def test_bad_timezone() -> None:
    lines = problems_after(lambda d: d.update(timezone="Asia/Beijing"))
    assert lines == ["community.yaml: timezone: unknown time zone 'Asia/Beijing'"]


def test_unknown_language_names_the_value() -> None:
    [line] = problems_after(lambda d: d.update(default_language="fr"))
    assert line.startswith("community.yaml: default_language: ")
    assert "'zh'" in line and "'en'" in line and line.endswith("got 'fr'")


def test_handler_without_department() -> None:
    person = {"telegram_id": 2001, "name": "赵师傅", "roles": ["handler"]}
    lines = problems_after(lambda d: d["bootstrap"].append(person))
    assert lines == ["community.yaml: bootstrap[2].department: required for a handler"]


def test_handler_of_unknown_department() -> None:
    person = {"telegram_id": 2001, "name": "赵师傅", "roles": ["handler"], "department": "water"}
    lines = problems_after(lambda d: d["bootstrap"].append(person))
    assert lines == ["community.yaml: bootstrap[2].department: unknown department 'water'"]


def test_department_given_to_someone_who_is_not_a_handler() -> None:
    lines = problems_after(lambda d: d["bootstrap"][1].update(department="service"))
    assert lines == ["community.yaml: bootstrap[1].department: only allowed for a handler"]


def test_handler_with_known_department_is_accepted() -> None:
    person = BootstrapPerson(
        telegram_id=2001, name="赵师傅", roles=["handler"], department="property")
    assert person.department == "property"


def test_several_problems_are_listed_one_per_line() -> None:
    def break_things(data: dict[str, Any]) -> None:
        data["code"] = "Xing Fu"
        data["bootstrap"][1]["roles"] = ["mayor"]
        data["bootstrap"][0]["nickname"] = "boss"
        del data["areas"][0]["name"]
        data["votes"]["quorum"] = 1.5

    lines = problems_after(break_things)
    assert len(lines) == 5
    assert all(line.startswith("community.yaml: ") for line in lines)
    paths = {line.split(": ")[1] for line in lines}
    assert paths == {"code", "areas[0].name", "votes.quorum", "bootstrap[0].nickname",
                     "bootstrap[1].roles[0]"}
    assert "community.yaml: areas[0].name: required field is missing" in lines
    assert "community.yaml: bootstrap[0].nickname: unknown field" in lines


def test_duplicate_telegram_id_and_reminder_longer_than_vote() -> None:
    def change(data: dict[str, Any]) -> None:
        data["bootstrap"][1]["telegram_id"] = 1001
        data["votes"].update(voting_days=1, reminder_hours=[12, 24])

    lines = problems_after(change)
    assert "community.yaml: bootstrap[1].telegram_id: duplicate telegram_id 1001" in lines
    assert "community.yaml: votes.reminder_hours[1]: 24 hours before closing is longer than " \
        "the vote (1 days)" in lines
    assert len(lines) == 2


def test_yaml_syntax_error_names_the_line() -> None:
    text = "code: xingfuli\nname: 幸福里社区\nareas: [\n  {code: east\n"
    with pytest.raises(CommunityFileError) as caught:
        parse_community(text, source="community.yaml")
    [line] = str(caught.value).splitlines()
    assert line.startswith("community.yaml: line 5, column 1: ")


def test_control_character_is_reported_on_one_line() -> None:
    with pytest.raises(CommunityFileError) as caught:
        parse_community("code: xing\x07fuli\n", source="c.yaml")
    [line] = str(caught.value).splitlines()
    assert line.startswith("c.yaml: not valid YAML: unacceptable character #x0007")


def test_repeated_key_is_an_error_not_silently_overwritten() -> None:
    text = "code: xingfuli\nname: 幸福里社区\ncode: other\n"
    with pytest.raises(CommunityFileError) as caught:
        parse_community(text, source="c.yaml")
    assert str(caught.value) == "c.yaml: line 3, column 1: duplicate key 'code'"


@pytest.mark.parametrize(("text", "problem"), [
    ("", "the file is empty"),
    ("# nothing but a comment\n", "the file is empty"),
    ("- code: xingfuli\n", "the top level must be a mapping of fields"),
])
def test_document_that_is_not_a_mapping(text: str, problem: str) -> None:
    with pytest.raises(CommunityFileError, match=f"^x.yaml: {problem}$"):
        parse_community(text, source="x.yaml")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "community.yaml"
    with pytest.raises(CommunityFileError) as caught:
        load_community(path)
    assert str(caught.value) == f"{path}: file not found"
    assert caught.value.problems == ["file not found"]


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "community.yaml"
    path.write_bytes("name: 幸福里社区\n".encode("gbk"))
    with pytest.raises(CommunityFileError, match="not UTF-8 text"):
        load_community(path)


def test_error_from_a_file_carries_its_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("department: city", "department: cty")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommunityFileError) as caught:
        load_community(path)
    assert str(caught.value) == f"{path}: categories[0].department: unknown department 'cty'"
