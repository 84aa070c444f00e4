import datetime

from django.db import migrations, models


def fill_visible_from(apps, schema_editor):
    Idea = apps.get_model("framework", "Idea")
    for idea in Idea.objects.all().only("pk", "added_week", "anonymous"):
        idea.visible_from = idea.added_week + datetime.timedelta(days=7 if idea.anonymous else 0)
        idea.save(update_fields=["visible_from"])


class Migration(migrations.Migration):
    dependencies = [("framework", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="idea",
            name="visible_from",
            field=models.DateField(null=True, verbose_name="shown to staff from"),
        ),
        migrations.RunPython(fill_visible_from, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="idea",
            name="visible_from",
            field=models.DateField(
                help_text="An anonymous idea is shown from the Monday after the week it was added, with the "
                "others of that week, so the moment it appears says nothing about who sent it (ADR 0010).",
                verbose_name="shown to staff from",
            ),
        ),
    ]
