# Standalone lessons learned with a contact person (issue 15): labs.Lesson and its history.
import django.db.models.deletion
import django.utils.timezone
import labs.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_seed_organisations'),
        ('labs', '0011_notifications'),
        ('projects', '0007_reminders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalLesson',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('text', models.TextField(verbose_name='what was learned')),
                ('effect', models.TextField(blank=True, verbose_name='what it led to')),
                ('themes', models.CharField(blank=True, max_length=120, validators=[labs.models.validate_themes], verbose_name='themes')),
                ('contact_name', models.CharField(max_length=200, verbose_name='contact person')),
                ('contact_email', models.EmailField(blank=True, help_text='Optional. Shown to everyone who sees the lesson; leave it empty if the person has not agreed.', max_length=254, verbose_name="contact person's email")),
                ('recorded_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='date')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('contact_organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisation', verbose_name="contact person's organisation")),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lab', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='labs.lab', verbose_name='lab')),
                ('project', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='projects.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'historical lesson learned',
                'verbose_name_plural': 'historical lessons learned',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Lesson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('text', models.TextField(verbose_name='what was learned')),
                ('effect', models.TextField(blank=True, verbose_name='what it led to')),
                ('themes', models.CharField(blank=True, max_length=120, validators=[labs.models.validate_themes], verbose_name='themes')),
                ('contact_name', models.CharField(max_length=200, verbose_name='contact person')),
                ('contact_email', models.EmailField(blank=True, help_text='Optional. Shown to everyone who sees the lesson; leave it empty if the person has not agreed.', max_length=254, verbose_name="contact person's email")),
                ('recorded_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='date')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('contact_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation', verbose_name="contact person's organisation")),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lab', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='lessons', to='labs.lab', verbose_name='lab')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lessons', to='projects.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'lesson learned',
                'verbose_name_plural': 'lessons learned',
                'ordering': ['-recorded_on', '-created_at', '-pk'],
            },
        ),
    ]
