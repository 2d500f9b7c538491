"""The register in the API: GET /api/v1/schools (search, paginated) and GET /api/v1/schools/{urn}.

Every signed-in person (token or session) may read the register; anonymous requests get 401.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from uplift.schools.access import get_register_school
from uplift.schools.models import Phase, School
from uplift.schools.selectors import schools_search

router = Router(tags=["schools"])

PAGE_SIZE = 50


class SchoolOut(Schema):
    urn: int
    name: str
    phase: str
    type: str
    status: str
    la: str | None
    region: str | None
    town: str
    postcode: str
    easting: int | None
    northing: int | None
    lat: float | None
    lon: float | None
    trust: str | None

    @staticmethod
    def resolve_type(school: School) -> str:
        return school.type_name

    @staticmethod
    def resolve_la(school: School) -> str | None:
        return school.local_authority.name if school.local_authority else None

    @staticmethod
    def resolve_region(school: School) -> str | None:
        return school.region.name if school.region else None

    @staticmethod
    def resolve_trust(school: School) -> str | None:
        return school.trust.name if school.trust else None

    @staticmethod
    def resolve_lat(school: School) -> float | None:
        return school.latlon[0] if school.latlon else None

    @staticmethod
    def resolve_lon(school: School) -> float | None:
        return school.latlon[1] if school.latlon else None


class SchoolFilters(Schema):
    q: str = ""
    phase: Phase | None = None
    la: str | None = None
    region: str | None = None


@router.get("", response=list[SchoolOut], summary="Search the register of schools")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_schools(request: HttpRequest, filters: Query[SchoolFilters]) -> QuerySet[School]:
    """Schools matching q (name, URN or postcode), filtered by phase code, local authority and region
    (by name or id), 50 a page (`?page=2`)."""
    return schools_search(q=filters.q, phase=filters.phase or "", region=filters.region, local_authority=filters.la)


@router.get("/{urn}", response=SchoolOut, summary="One school's register entry")
def get_school(request: HttpRequest, urn: int) -> School:
    return get_register_school(request.auth, urn)
