# Being written (schools helper): GET /api/v1/schools and /api/v1/schools/{urn}.
from ninja import Router

router = Router(tags=["schools"])
