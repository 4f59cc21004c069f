"""A copied project's computed indicators point at the copy's own target group, not the source's."""

import pytest

from projects.copying import project_copy
from projects.tests.factories import IndicatorFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db


def test_a_target_group_setting_is_pointed_at_the_copys_group_of_the_same_name(world):
    newly_arrived = TargetGroupFactory(project=world.project, name="Nyanlända")
    TargetGroupFactory(project=world.project, name="Unga")
    IndicatorFactory(project=world.project, name="Nyanlända som deltagit", baseline=0, target=60,
                     source="labs.participants_target_group",
                     source_params={"target_group": newly_arrived.pk, "kind": "workshop"})
    IndicatorFactory(project=world.project, name="Handskrivet", baseline=0, target=4)

    copy = project_copy(source=world.project, copied_by=world.coordinator)

    copied = copy.indicators.get(name="Nyanlända som deltagit")
    assert copied.source_params == {"target_group": str(copy.target_groups.get(name="Nyanlända").pk),
                                    "kind": "workshop"}
    assert copy.indicators.get(name="Handskrivet").source_params == {}
