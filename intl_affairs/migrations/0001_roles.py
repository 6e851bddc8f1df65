"""Create the staff roles (viewer, editor, publisher, administrator); see intl_affairs.roles."""

from django.db import migrations

from intl_affairs.roles import apply_roles


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("cities", "0001_initial"),
        ("visits", "0001_initial"),
        ("exhibitions", "0001_initial"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(apply_roles, migrations.RunPython.noop),
    ]
