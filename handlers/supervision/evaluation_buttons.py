"""The evaluation of committee members (述职评议): the buttons. Payloads carry ids only."""

from dataclasses import dataclass

from chat.payloads import Payload
from models.supervision.evaluation import Grade


# No fields: act on the presser's own report draft, at the step the route names.
@dataclass(frozen=True)
class ReportFilesDone(Payload, prefix="ef"):
    pass


@dataclass(frozen=True)
class ReportPublish(Payload, prefix="ep"):
    pass


@dataclass(frozen=True)
class EvaluateMember(Payload, prefix="em"):
    member_id: int  # show this member's report and the grades


@dataclass(frozen=True)
class EvaluateGrade(Payload, prefix="eg"):
    member_id: int
    grade: Grade


@dataclass(frozen=True)
class EvaluateSkip(Payload, prefix="es"):
    member_id: int  # rate without a comment
