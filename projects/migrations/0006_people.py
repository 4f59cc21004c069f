import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_history_links"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalkeyperson',
            name='work_package',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Leave empty for a key person of the whole project.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='projects.workpackage', verbose_name='work package'),
        ),
        migrations.AddField(
            model_name='keyperson',
            name='work_package',
            field=models.ForeignKey(blank=True, help_text='Leave empty for a key person of the whole project.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='key_persons', to='projects.workpackage', verbose_name='work package'),
        ),
        migrations.CreateModel(
            name='HistoricalOrganisationMemberShare',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('share_percent', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='share of time (%)')),
                ('valid_from', models.DateField(verbose_name='share valid from')),
                ('valid_to', models.DateField(blank=True, help_text='Leave empty: until the project ends.', null=True, verbose_name='share valid to')),
                ('note', models.CharField(blank=True, help_text='For example: half funded by the grant, half own co-financing.', max_length=200, verbose_name='note')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='projects.organisationmember', verbose_name='person in the organisation')),
            ],
            options={
                'verbose_name': 'historical share of time for a period',
                'verbose_name_plural': 'historical shares of time',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='OrganisationMemberShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('share_percent', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='share of time (%)')),
                ('valid_from', models.DateField(verbose_name='share valid from')),
                ('valid_to', models.DateField(blank=True, help_text='Leave empty: until the project ends.', null=True, verbose_name='share valid to')),
                ('note', models.CharField(blank=True, help_text='For example: half funded by the grant, half own co-financing.', max_length=200, verbose_name='note')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='projects.organisationmember', verbose_name='person in the organisation')),
            ],
            options={
                'verbose_name': 'share of time for a period',
                'verbose_name_plural': 'shares of time',
                'ordering': ['member', 'valid_from', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('share_percent__gte', 0), ('share_percent__lte', 100)), name='projects_membershare_0_100'), models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='projects_membershare_period_ordered')],
            },
        ),
    ]
