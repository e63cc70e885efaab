"""The mapped classes, grouped by subject. Importing this package registers every table."""

from citylinks.model.base import Base
from citylinks.model.events import Attendance, AttendanceClaim, Session, SessionNumbering
from citylinks.model.memberships import CheckReview, Membership, MembershipPhase, Role
from citylinks.model.organizations import (
    MeetingSeries,
    MemberCountClaim,
    Motto,
    Organization,
    OrganizationIdentifier,
    OrganizationName,
)
from citylinks.model.people import Person, PersonName, Post
from citylinks.model.places import City, CityIdentifier, CityName, Country, Designation
from citylinks.model.provenance import AuditEntry, Setting, Source

__all__ = [
    "Attendance",
    "AttendanceClaim",
    "AuditEntry",
    "Base",
    "CheckReview",
    "City",
    "CityIdentifier",
    "CityName",
    "Country",
    "Designation",
    "MeetingSeries",
    "MemberCountClaim",
    "Membership",
    "MembershipPhase",
    "Motto",
    "Organization",
    "OrganizationIdentifier",
    "OrganizationName",
    "Person",
    "PersonName",
    "Post",
    "Role",
    "Session",
    "SessionNumbering",
    "Setting",
    "Source",
]
