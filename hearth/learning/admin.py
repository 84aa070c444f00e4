# Learning records hold children's details: they are read and changed through the service's own pages,
# with their permissions and audit, not through the admin site.
