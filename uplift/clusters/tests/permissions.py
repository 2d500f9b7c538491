"""The clusters app's routes in the permission matrix: matching/confirming and the workspace."""

from uplift.clusters.tests import permissions_matching, permissions_workspace

ROUTES = permissions_matching.ROUTES + permissions_workspace.ROUTES
