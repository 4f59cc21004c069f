def test_pytest_env_plugin_sets_testing(settings):
    assert settings.TESTING is True
