"""The REST API: children in reach, one child's record, episodes and notes; the schema and its docs.

Each endpoint declares its permission (`permission_classes`), lists through `visible_to(user)` and gets
one child through `get_child_or_deny`, which answers 404 outside reach, 403 for a restricted record and
writes the audit row of the read.
"""

from __future__ import annotations

from functools import cache

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hearth.cases.models import TransitionError
from hearth.cases.services.notes import record_note
from hearth.core.models import AuditLog
from hearth.core.permissions import signed_in
from hearth.people.access import BreakGlassRequired, get_child_or_deny

from . import selectors
from .permissions import MayFindChildren, MayRecordNotes
from .serializers import (
    ChildNoteSerializer,
    ChildSerializer,
    ChildSummarySerializer,
    EpisodesSerializer,
    NoteCreatedSerializer,
    NoteCreateSerializer,
)


class BreakGlassNeeded(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "restricted"


def _child(request, child_id: int, what: str):
    """The child in reach (audited as `child.view_<what>`), or 404, or 403 with the way to break glass."""
    try:
        return get_child_or_deny(request, child_id, what=what)
    except BreakGlassRequired as denied:
        raise BreakGlassNeeded(
            {"detail": str(denied), "break_glass_url": request.build_absolute_uri(denied.break_glass_url)}
        ) from None


class ChildList(generics.ListAPIView):
    """Children the caller may see, by name; `?unit=<code>` for one unit's children."""

    permission_classes = [IsAuthenticated, MayFindChildren]
    serializer_class = ChildSummarySerializer

    def get_queryset(self):
        return selectors.children_for(self.request.user, unit_code=self.request.query_params.get("unit"))

    @extend_schema(
        summary="List the children you may see",
        parameters=[OpenApiParameter("unit", OpenApiTypes.STR, description="A unit's code, e.g. north-3")],
    )
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # One row per request (a list names children but is not a view of their records).
        AuditLog.record(
            actor=request.user,
            action="child.list_api",
            request=request,
            detail=f"unit: {request.query_params.get('unit', '') or 'any'}; page {request.query_params.get('page', '1')}",
        )
        return response


class ChildDetail(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, MayFindChildren]
    serializer_class = ChildSerializer

    def get_object(self):
        return _child(self.request, self.kwargs["child_id"], "api")

    @extend_schema(summary="One child's record (audited)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ChildEpisodes(APIView):
    permission_classes = [IsAuthenticated, MayFindChildren]

    @extend_schema(
        summary="A child's referrals (with assessments, section 47 enquiries and plans) and looked-after episodes",
        responses=EpisodesSerializer,
    )
    def get(self, request, child_id: int):
        child = _child(request, child_id, "api_episodes")
        data = {
            "referrals": selectors.referrals_of(child),
            "looked_after_episodes": selectors.looked_after_episodes_of(child),
        }
        return Response(EpisodesSerializer(data, context={"request": request}).data)


class ChildNotes(generics.ListAPIView):
    permission_classes = [IsAuthenticated, MayFindChildren]
    serializer_class = ChildNoteSerializer

    def get_queryset(self):
        child = _child(self.request, self.kwargs["child_id"], "api_notes")
        return selectors.final_notes_of(child)

    @extend_schema(summary="A child's final notes, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NoteCreate(APIView):
    permission_classes = [IsAuthenticated, MayRecordNotes]

    @extend_schema(
        summary="Record one note for one or more children",
        request=NoteCreateSerializer,
        responses={201: NoteCreatedSerializer},
    )
    def post(self, request):
        form = NoteCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        ids = set(form.validated_data["children"])
        children = selectors.children_by_ids(request.user, ids)
        if len(children) != len(ids):
            # Out of reach and restricted look the same: the caller learns nothing about either.
            raise ValidationError({"children": ["One or more of these children cannot be found"]})
        try:
            note = record_note(by=request.user, children=children, data=form.note_data(), request=request)
        except TransitionError as error:
            raise ValidationError({"non_field_errors": error.messages}) from None
        answer = {"id": note.pk, "status": note.status, "children": sorted(ids)}
        return Response(NoteCreatedSerializer(answer).data, status=status.HTTP_201_CREATED)


class Schema(SpectacularAPIView):
    """The OpenAPI 3 schema (YAML; `?format=json` for JSON), for signed-in people."""

    permission_classes = [IsAuthenticated]


# --- the documentation page ----------------------------------------------------------------------
# drf-spectacular's own UIs load their scripts from a CDN, which the CSP and offline use forbid: this
# page lists the endpoints from the same schema, as a plain GOV.UK page.

_METHOD_ORDER = ["get", "post", "put", "patch", "delete"]


@cache
def api_endpoints() -> tuple[dict, ...]:
    """Each operation in the schema: method, path, summary. The schema is fixed for a running process."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    rows = []
    for path, operations in schema.get("paths", {}).items():
        for method in _METHOD_ORDER:
            operation = operations.get(method)
            if operation is None:
                continue
            summary = operation.get("summary") or (operation.get("description") or "").split("\n")[0]
            rows.append({"method": method.upper(), "path": path, "summary": summary})
    return tuple(rows)


@signed_in
def docs(request):
    return render(request, "api/docs.html", {"endpoints": api_endpoints()})
