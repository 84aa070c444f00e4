"""Pages of the practice framework and model (`framework.py`), co-design rounds (`codesign.py`) and the
public pages for families and partners (`public.py`)."""
