# Framework documents and co-design rounds are managed on their own pages, with their audit trail.
