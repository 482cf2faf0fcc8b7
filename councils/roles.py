"""The three roles of DESIGN §1. Each is a Django group; a lead also names a council."""

from enum import StrEnum


class Role(StrEnum):
    STAFF = "Digital Office staff"
    EXECUTIVE = "Executives"
    LEAD = "Council leads"

    @property
    def label(self) -> str:
        return {
            Role.STAFF: "Digital Office staff",
            Role.EXECUTIVE: "Executive",
            Role.LEAD: "Council lead",
        }[self]
