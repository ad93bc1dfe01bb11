"""Schools inside one Teams tenant (issue 20): the directory configured in `NAERVAER_SCHOOLS`,
membership behind one interface, and placing the person writing in the school they act for.

Without the file every tenant is one school (its default school, scope = the tenant id) and the
bot behaves as before. With it, a user belongs to the schools whose staff patterns match their
UPN, whose leader lists name them, or whose leader confirmed them; the `Actor` then carries the
school (`school_id`) and its scope (`tenant_id`), so every read and write the conversations do
is the school's. An Entra ID group sync would be one more `MembershipSource`.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlmodel import Session

from casework.access import Actor, ConfiguredLeaders
from casework.audit import audit
from casework.vocab import AuditAction
from content.calendar import SchoolCalendar
from storage import leaders as leader_repo
from storage import school_admin as school_admin_repo
from storage import schools as school_repo
from storage.models import MAX_LEVEL, SchoolMember
from storage.models import School as SchoolRow
from storage.schools import SchoolCounts

SCHOOL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,26}$")
UpnLookup = Callable[[], Awaitable[tuple[bool, str | None]]]


class SchoolsError(Exception):
    """The schools file cannot be used as it is; the message says what to change."""


@dataclass(frozen=True)
class School:
    id: str
    name: str
    leaders: ConfiguredLeaders = field(default_factory=ConfiguredLeaders.none)
    staff: tuple[str, ...] = ()
    calendar: SchoolCalendar = field(default_factory=SchoolCalendar.empty)
    tenant: str | None = None  # None: the school is in whichever tenant the bot serves
    default: bool = False  # takes the tenant's data from before schools were configured

    def scope(self, tenant_id: str) -> str:
        return school_repo.scope_of(tenant_id, None if self.default else self.id)

    def in_tenant(self, tenant_id: str) -> bool:
        return self.tenant is None or self.tenant == tenant_id

    def staff_matches(self, upn: str | None) -> bool:
        return upn is not None and any(fnmatch.fnmatchcase(upn, p) for p in self.staff)


@dataclass(frozen=True)
class Person:
    """What membership is decided from: the signed tenant and aad id, the UPN Teams gave (if
    any), and the memberships a leader confirmed."""

    tenant_id: str
    aad_id: str
    upn: str | None
    confirmed: frozenset[str] = frozenset()
    leads: frozenset[str] = frozenset()  # scopes where a leader row names them (added in chat)


class MembershipSource(Protocol):
    """One way of knowing who works where; an Entra ID group sync would be another."""

    def schools_of(self, person: Person, schools: Sequence[School]) -> frozenset[str]: ...


class ConfiguredMembership:
    """The schools file: staff UPN patterns and leader lists."""

    def schools_of(self, person: Person, schools: Sequence[School]) -> frozenset[str]:
        return frozenset(
            school.id
            for school in schools
            if school.staff_matches(person.upn) or school.leaders.names(person.aad_id, person.upn)
        )


class ConfirmedMembership:
    """Members placed by a leader of the school after they picked it on the card."""

    def schools_of(self, person: Person, schools: Sequence[School]) -> frozenset[str]:
        return frozenset(school.id for school in schools if school.id in person.confirmed)


class LedMembership:
    """Leaders added in chat (by a leader of the school, or the municipality administrator
    naming a new school's first leaders) belong to the school they lead."""

    def schools_of(self, person: Person, schools: Sequence[School]) -> frozenset[str]:
        return frozenset(s.id for s in schools if s.scope(person.tenant_id) in person.leads)


@dataclass(frozen=True)
class SchoolDirectory:
    schools: tuple[School, ...] = ()
    municipality_name: str = ""
    admins: ConfiguredLeaders = field(default_factory=ConfiguredLeaders.none)
    sources: tuple[MembershipSource, ...] = (
        ConfiguredMembership(),
        ConfirmedMembership(),
        LedMembership(),
    )

    @property
    def configured(self) -> bool:
        return bool(self.schools)

    @property
    def needs_upn(self) -> bool:
        return any(s.staff or s.leaders.upns for s in self.schools) or bool(self.admins.upns)

    def in_tenant(self, tenant_id: str) -> tuple[School, ...]:
        return tuple(school for school in self.schools if school.in_tenant(tenant_id))

    def get(self, tenant_id: str, school_id: str | None) -> School | None:
        return next((s for s in self.in_tenant(tenant_id) if s.id == school_id), None)

    def by_scope(self, scope: str) -> School | None:
        tenant = school_repo.teams_tenant(scope)
        return next((s for s in self.in_tenant(tenant) if s.scope(tenant) == scope), None)

    def member_of(self, person: Person) -> tuple[School, ...]:
        schools = self.in_tenant(person.tenant_id)
        ids: set[str] = set()
        for source in self.sources:
            ids |= source.schools_of(person, schools)
        return tuple(school for school in schools if school.id in ids)

    def calendars(self) -> dict[str, SchoolCalendar]:
        """Each configured school's calendar by school id; a default school without a file of
        its own keeps NAERVAER_SCHOOL_CALENDAR (it is the tenant's school from before)."""
        return {
            s.id: s.calendar for s in self.schools if not (s.default and s.calendar.spec is None)
        }

    @property
    def default_school(self) -> str | None:
        return next((s.id for s in self.schools if s.default), None)

    def with_tenant_leaders(self, leaders: ConfiguredLeaders) -> SchoolDirectory:
        """NAERVAER_LEADERS lead the default school (the tenant's school from before)."""
        if not leaders.raw:
            return self
        schools = tuple(
            replace(s, leaders=ConfiguredLeaders.parse(leaders.raw + s.leaders.raw))
            if s.default
            else s
            for s in self.schools
        )
        return replace(self, schools=schools)

    def with_stored(self, rows: Iterable[SchoolRow]) -> SchoolDirectory:
        """The file's schools and, after them, those added in chat (stored school rows)."""
        known = {(s.tenant, s.id) for s in self.schools}
        added = tuple(
            School(id=row.school_id, name=row.name, tenant=row.tenant_id)
            for row in rows
            if (row.tenant_id, row.school_id) not in known and (None, row.school_id) not in known
        )
        return replace(self, schools=self.schools + added) if added else self

    def all_leader_settings(self) -> tuple[str, ...]:
        return tuple(value for school in self.schools for value in school.leaders.raw)

    @classmethod
    def none(cls) -> SchoolDirectory:
        return cls()

    @classmethod
    def from_toml(cls, path: Path) -> SchoolDirectory:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise SchoolsError(f"NAERVAER_SCHOOLS: cannot read {path}: {error}") from error
        return cls.from_data(data, base=path.parent)

    @classmethod
    def from_data(cls, data: dict[str, Any], *, base: Path) -> SchoolDirectory:
        schools: list[School] = []
        for entry in data.get("school", []):
            school_id = str(entry.get("id", ""))
            if not SCHOOL_ID.match(school_id):
                raise SchoolsError(
                    f"NAERVAER_SCHOOLS: school id {school_id!r} must be 1-27 of a-z, 0-9 and -"
                )
            if any(s.id == school_id for s in schools):
                raise SchoolsError(f"NAERVAER_SCHOOLS: school id {school_id!r} appears twice")
            calendar = SchoolCalendar.empty()
            if entry.get("calendar"):
                calendar = SchoolCalendar.from_toml(base / str(entry["calendar"]))
            schools.append(
                School(
                    id=school_id,
                    name=str(entry.get("name") or school_id),
                    leaders=ConfiguredLeaders.parse(entry.get("leaders", [])),
                    staff=tuple(str(p).strip().lower() for p in entry.get("staff", [])),
                    calendar=calendar,
                    tenant=entry.get("tenant"),
                    default=bool(entry.get("default", False)),
                )
            )
        tenants = [s.tenant for s in schools if s.default]
        if len(tenants) != len(set(tenants)):
            raise SchoolsError("NAERVAER_SCHOOLS: only one school per tenant can be the default")
        municipality = data.get("municipality", {})
        return cls(
            schools=tuple(schools),
            municipality_name=str(municipality.get("name", "")),
            admins=ConfiguredLeaders.parse(municipality.get("admins", [])),
        )


@dataclass(frozen=True)
class Placement:
    """Where the person writing acts this turn: `actor` (school scope) when decided; otherwise
    why not: waiting for a leader's confirmation, several schools to choose from, or none."""

    me: Actor
    actor: Actor | None = None
    directory: SchoolDirectory = field(default_factory=SchoolDirectory.none)
    school: School | None = None
    member_of: tuple[School, ...] = ()
    pending: tuple[School, ...] = ()
    municipality: bool = False
    chose: bool = False


@dataclass(frozen=True)
class Known:
    upn: str | None
    upn_checked: bool
    rows: tuple[SchoolMember, ...]
    choice: str | None
    stored: tuple[SchoolRow, ...] = ()
    leads: frozenset[str] = frozenset()


def _known(session: Session, me: Actor) -> Known:
    profile = leader_repo.get_profile(session, tenant_id=me.tenant_id, aad_object_id=me.aad_id)
    rows = school_repo.memberships(session, tenant_id=me.tenant_id, aad_object_id=me.aad_id)
    choice = school_repo.current_choice(session, tenant_id=me.tenant_id, aad_object_id=me.aad_id)
    upn = profile.upn if profile else None
    return Known(
        upn=upn,
        upn_checked=bool(profile and profile.upn_checked_at),
        rows=tuple(rows),
        choice=choice,
        stored=tuple(school_admin_repo.stored_schools(session, tenant_id=me.tenant_id)),
        leads=frozenset(_led(session, me, upn)),
    )


def _led(session: Session, me: Actor, upn: str | None) -> set[str]:
    return school_admin_repo.led_scopes(
        session, tenant_id=me.tenant_id, aad_object_id=me.aad_id, upn=upn
    )


async def place(
    services: Any,
    me: Actor,
    lookup_upn: UpnLookup,
    *,
    choose: str | None = None,
    switch: bool = False,
    record: tuple[str, int] | None = None,
) -> Placement:
    """Decide the school the person acts for; `choose` is a school picked on the card now,
    `switch` forgets the current choice (the user asked to change school)."""
    database, now = services.database, services.clock.now()
    known = await database.run(lambda session: _known(session, me))
    directory: SchoolDirectory = services.schools.with_stored(known.stored)
    upn, leads = known.upn, known.leads
    if (directory.needs_upn or known.stored) and not known.upn_checked:
        checked, upn = await lookup_upn()
        await database.run(
            lambda session: leader_repo.save_profile(
                session,
                tenant_id=me.tenant_id,
                aad_object_id=me.aad_id,
                display_name=me.name,
                upn=upn,
                upn_checked=checked,
                now=now,
            )
        )
        if upn != known.upn:
            leads = frozenset(await database.run(lambda session: _led(session, me, upn)))
    confirmed = frozenset(r.school_id for r in known.rows if r.status == school_repo.CONFIRMED)
    person = Person(me.tenant_id, me.aad_id, upn, confirmed, leads)
    member_of = directory.member_of(person)
    pending = tuple(
        school
        for row in known.rows
        if row.status == school_repo.PENDING
        for school in directory.in_tenant(me.tenant_id)
        if school.id == row.school_id and school not in member_of
    )
    municipality = directory.admins.names(me.aad_id, upn)
    base = Placement(
        me=me, directory=directory, member_of=member_of, pending=pending, municipality=municipality
    )
    if not member_of:
        picked = directory.get(me.tenant_id, choose) if choose is not None else None
        if picked is not None:
            asker = replace(me, tenant_id=picked.scope(me.tenant_id), school_id=picked.id)

            def ask(session: Session) -> None:
                school_repo.ask_to_join(
                    session,
                    tenant_id=me.tenant_id,
                    aad_object_id=me.aad_id,
                    school_id=picked.id,
                    display_name=me.name,
                    now=now,
                )
                audit(session, asker, AuditAction.SCHOOL_JOIN_REQUEST, None, now)

            await database.run(ask)
            return replace(base, pending=(picked,), chose=True)
        return base
    current = known.choice
    chose = False
    if choose is not None and any(s.id == choose for s in member_of):
        current, chose = choose, True
    elif switch and len(member_of) > 1:
        current = None
    elif record is not None and len(member_of) > 1:
        # A button of a reminder or card from one of the member's schools acts for that school.
        key, record_id = record
        scope = await database.run(
            lambda session: school_repo.scope_of_record(session, key, record_id)
        )
        owner = next((s for s in member_of if s.scope(me.tenant_id) == scope), None)
        if owner is not None:
            current = owner.id
    if current is not None and not any(s.id == current for s in member_of):
        current = None
    if current != known.choice:
        await database.run(
            lambda session: school_repo.choose(
                session, tenant_id=me.tenant_id, aad_object_id=me.aad_id, school_id=current, now=now
            )
        )
    school = member_of[0] if len(member_of) == 1 else directory.get(me.tenant_id, current)
    if school is None:
        return replace(base, chose=chose)
    await database.run(
        lambda session: school_repo.register_school(
            session,
            tenant_id=me.tenant_id,
            school_id=school.id,
            scope=school.scope(me.tenant_id),
            name=school.name,
            now=now,
        )
    )
    actor = replace(me, tenant_id=school.scope(me.tenant_id), school_id=school.id)
    return replace(base, actor=actor, school=school, chose=chose)


def school_names(schools: Iterable[School]) -> str:
    return ", ".join(school.name for school in schools)


MUNICIPALITY_MONTHS = 6


def month_start(now: datetime, months: int) -> datetime:
    """The first moment of the month `months - 1` months before `now`'s (UTC)."""
    year, month = now.year, now.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return datetime(year, month, 1, tzinfo=UTC)


def overview_text(
    directory: SchoolDirectory,
    counts: Mapping[str, SchoolCounts],
    tenant_scope: str,
    translate: Callable[..., str],
) -> str:
    """The municipality's counts per school of the tenant, as text: numbers and school names
    only, never a pupil, class, case id or owner."""
    tenant = school_repo.teams_tenant(tenant_scope)
    lines = [translate("municipality.title", name=directory.municipality_name or "")]
    for school in directory.in_tenant(tenant):
        found = counts.get(school.scope(tenant))
        levels = found.open_by_level if found else {}
        open_text = ", ".join(
            translate("municipality.level", level=level, count=levels.get(level, 0))
            for level in range(MAX_LEVEL + 1)
        )
        lines.append(
            translate(
                "municipality.school",
                school=school.name,
                open=sum(levels.values()),
                levels=open_text,
                overdue=found.overdue if found else 0,
            )
        )
        if found is None:
            continue
        for month in sorted(set(found.opened_by_month) | set(found.closed_by_month)):
            lines.append(
                translate(
                    "municipality.month",
                    month=month,
                    opened=found.opened_by_month.get(month, 0),
                    closed=found.closed_by_month.get(month, 0),
                )
            )
    return "\n\n".join(lines)


def municipality_recipients(session: Session, directory: SchoolDirectory) -> list[tuple[str, str]]:
    """(tenant, aad id) of the municipality role's members the bot can reach: configured by
    aad id, or by a UPN Teams gave for them."""
    return school_repo.reachable(
        session, aad_ids=directory.admins.aad_ids, upns=directory.admins.upns
    )
