"""Database models: places, their tags and temporary closures."""

import datetime as dt
import enum
import hashlib

from flask_login import UserMixin
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, Column, Enum, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from finder.i18n import LANGUAGES


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


def now_utc() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


class AccessMode(enum.Enum):
    WALK_IN = "walk_in"
    APPOINTMENT = "appointment"
    BOTH = "both"


class Cost(enum.Enum):
    FREE = "free"
    FREE_CONDITIONAL = "free_conditional"
    PAID = "paid"


def address_line(street: str | None, postcode: str | None, commune: str | None) -> str:
    """Return 'street, postcode commune' without the missing parts."""
    locality = " ".join(part for part in (postcode, commune) if part)
    return ", ".join(part for part in (street, locality) if part)


def pick_text(texts: dict | None, lang: str) -> tuple[str, str] | None:
    """Return (text, its language) for lang, falling back to the other languages."""
    texts = texts or {}
    for code in (lang, *LANGUAGES, *sorted(texts)):
        if (texts.get(code) or "").strip():
            return texts[code], code
    return None


staff_place = Table(
    "staff_place",
    Base.metadata,
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("place.id", ondelete="CASCADE"), primary_key=True),
)


class Place(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), default="BE", server_default="BE")
    postcode: Mapped[str | None] = mapped_column(String(10), index=True)
    commune: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None] = mapped_column(index=True)
    longitude: Mapped[float | None]
    is_location_approximate: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    names: Mapped[dict] = mapped_column(JSON, default=dict)  # {"name"|"organisation"|"street": {lang: text}}
    access_mode: Mapped[AccessMode | None] = mapped_column(Enum(AccessMode, native_enum=False, length=20))
    cost: Mapped[Cost | None] = mapped_column(Enum(Cost, native_enum=False, length=20))
    opening_hours: Mapped[str | None] = mapped_column(Text)
    # a price per language, for places that are not free
    prices: Mapped[dict] = mapped_column(JSON, default=dict)
    verified_on: Mapped[dt.date | None]  # when staff last said "still accurate"
    source_url: Mapped[str | None] = mapped_column(String(500))
    # where each fact comes from and since when it holds (see finder/facts.py)
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)
    # name, organisation, commune and postcode without accents, in lower case
    search_text: Mapped[str] = mapped_column(Text, default="")
    # no index: almost every place is published, and the index would steer SQLite away from the tags
    is_published: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    tags: Mapped[list["PlaceTag"]] = relationship(
        back_populates="place", cascade="all, delete-orphan", lazy="selectin"
    )
    closures: Mapped[list["Closure"]] = relationship(
        back_populates="place",
        cascade="all, delete-orphan",
        order_by="Closure.starts_on",
        lazy="selectin",
    )
    events: Mapped[list["Event"]] = relationship(
        back_populates="place", cascade="all, delete-orphan", order_by="Event.starts_at"
    )
    staff: Mapped[list["Staff"]] = relationship(secondary=staff_place, back_populates="places")

    __mapper_args__ = {"version_id_col": version}

    def codes(self, kind: str) -> list[str]:
        """Return the sorted codes of one kind of tag (service, audience…)."""
        return sorted(tag.code for tag in self.tags if tag.kind == kind)

    def description(self, lang: str) -> tuple[str, str] | None:
        """Return (description, its language), falling back to another language."""
        return pick_text(self.descriptions, lang)

    def price(self, lang: str) -> tuple[str, str] | None:
        """Return (price, its language), falling back to another language."""
        return pick_text(self.prices, lang)

    def origin(self, fact: str) -> dict | None:
        """Return where a fact comes from and since when it holds, or None."""
        return (self.provenance or {}).get(fact)

    @property
    def is_reachable(self) -> bool:
        """Tell whether people can ask this place something before they go."""
        return bool(self.phone or self.email or self.website)

    @property
    def speaks_of_the_past(self) -> bool:
        """Tell whether a source says some of this place's facts belong to the past."""
        return any(fact.get("historical") for fact in (self.provenance or {}).values())

    @property
    def where_known(self) -> str:
        """How well we know where the place is, map pin or not: "street" (an address to walk to),
        "area" (a postcode or commune only) or "nothing". Every page says it by this one rule."""
        if self.street:
            return "street"
        return "area" if self.postcode or self.commune else "nothing"

    @property
    def has_no_door(self) -> bool:
        """A service that goes to people (home visits, groups, help sessions elsewhere) and has no
        address of its own to walk to."""
        return bool(self.codes("outreach")) and self.where_known != "street"

    @property
    def has_exact_position(self) -> bool:
        return self.has_position and not self.is_location_approximate

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def address_line(self) -> str:
        return address_line(self.street, self.postcode, self.commune)


class PlaceTag(db.Model):
    """One code of one kind on a place: a service, audience, language, access feature…"""

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(40))
    place: Mapped[Place] = relationship(back_populates="tags")

    __table_args__ = (
        UniqueConstraint("place_id", "kind", "code"),
        # covering: tag filters read place ids from the index alone
        db.Index("ix_place_tag_kind_code_place", "kind", "code", "place_id"),
    )


class Closure(db.Model):
    """A temporary closure of a place, both days included."""

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    reasons: Mapped[dict] = mapped_column(JSON, default=dict)
    place: Mapped[Place] = relationship(back_populates="closures")

    def covers(self, day: dt.date) -> bool:
        """Tell whether the place is closed on this day by this closure."""
        return self.starts_on <= day <= self.ends_on

    def reason(self, lang: str) -> tuple[str, str] | None:
        """Return (reason, its language), falling back to another language."""
        return pick_text(self.reasons, lang)


class Staff(UserMixin, db.Model):
    """A person who keeps listings true: staff of some places, or an admin of all."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(5), default="fr")  # of the mails we send them
    # changes whenever the password changes: ends other sessions and used invitation links
    login_stamp: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    places: Mapped[list[Place]] = relationship(
        secondary=staff_place, back_populates="staff", order_by="Place.name"
    )

    @property
    def is_active(self) -> bool:
        return self.is_active_account and self.password_hash is not None

    def get_id(self) -> str:
        return f"{self.id}:{self.login_stamp}"

    @property
    def link_stamp(self) -> str:
        """What a signed link carries of the account: it changes with the password (a new password
        ends every link sent before), not at logout (a reminder's link lives its 30 days)."""
        return hashlib.sha256((self.password_hash or "").encode()).hexdigest()[:16]

    def keeps(self, place: Place) -> bool:
        """Tell whether this person is on the place's team."""
        return any(own.id == place.id for own in self.places)

    def may_edit(self, place: Place) -> bool:
        """Tell whether this person may change this place: its team, and every admin."""
        return self.is_admin or self.keeps(place)


class Event(db.Model):
    """A workshop or event at a place; texts per language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    # wall-clock times in Brussels, as staff type them and visitors read them
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime | None]
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    registration: Mapped[str | None] = mapped_column(String(300))
    place: Mapped[Place] = relationship(back_populates="events")

    def title(self, lang: str) -> tuple[str, str] | None:
        """Return (title, its language), falling back to another language."""
        return pick_text(self.titles, lang)

    def description(self, lang: str) -> tuple[str, str] | None:
        """Return (description, its language), falling back to another language."""
        return pick_text(self.descriptions, lang)


class Correction(db.Model):
    """A correction suggested by a visitor, waiting for the place's staff or an admin."""

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    handled_at: Mapped[dt.datetime | None]
    place: Mapped[Place] = relationship()


class AuditEntry(db.Model):
    """One change to a place: who, when, which fields before and after, and the whole record before."""

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    staff: Mapped[Staff | None] = relationship()


class ClaimRequest(db.Model):
    """A request to manage a place's listing, kept until an admin decides."""

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    decided_at: Mapped[dt.datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(20))  # "approved" or "refused"
    is_answer_mailed: Mapped[bool | None]  # whether the mail telling the decision was sent
    place: Mapped[Place] = relationship()


class Reminder(db.Model):
    """One reminder sent about a place: when and to whom."""

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    recipients: Mapped[str] = mapped_column(String(1000))
    place: Mapped[Place] = relationship()


class ImportedRecord(db.Model):
    """A record of an open-data source, and the place it became or was linked to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(200))
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    official_id: Mapped[str | None] = mapped_column(String(20), index=True)  # SIRET or RNA
    checksum: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[str] = mapped_column(String(10))
    imported_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    place: Mapped[Place] = relationship()

    __table_args__ = (UniqueConstraint("source", "key"),)


class DataVersion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


class PlaceDay(db.Model):
    """How many times, one day, a place's page, card or sheet was opened, or its phone or route
    followed: a daily total, nothing about who (no address, cookie or browser kept)."""

    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # page, card, sheet, phone, route
    count: Mapped[int] = mapped_column(default=0)


class UnmetDay(db.Model):
    """How many searches or help-finder results, one day, found nothing near a postcode for a need
    (a service code, "" for any): a daily total, never the words typed."""

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    postcode: Mapped[str] = mapped_column(String(10), primary_key=True)
    need: Mapped[str] = mapped_column(String(40), primary_key=True)
    source: Mapped[str] = mapped_column(String(10), primary_key=True)  # search or help
    count: Mapped[int] = mapped_column(default=0)
