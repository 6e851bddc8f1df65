"""The half-year report model gets a table (an empty one), so that Django's own ``dumpdata`` and
``loaddata`` work with no arguments: ``dumpdata`` reads every non-proxy model, unmanaged ones
too, and failed with "no such table: reports_halfyearreport".

Django's migrations do not create a table when a model becomes managed (``AlterModelOptions``
only changes the state), so this creates and drops it explicitly.
"""

from django.db import migrations


def create_table(apps, schema_editor):
    schema_editor.create_model(apps.get_model("reports", "HalfYearReport"))


def drop_table(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("reports", "HalfYearReport"))


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='halfyearreport',
            options={'default_permissions': (), 'permissions': [('export_report', 'Can export the half-year report')], 'verbose_name': 'half-year report', 'verbose_name_plural': 'half-year report'},
        ),
        migrations.RunPython(create_table, drop_table),
    ]
