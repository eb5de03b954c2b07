"""The admin site of the newsroom: Django's own, with the sections a press officer needs."""

from django.contrib import admin

# Apps whose admin is for the administrator of the server, not for the office.
ADMINISTRATOR_ONLY_APPS = {"axes"}
# Apps whose models belong in the newsroom's own section (tags are release tags to an editor).
FOLDED_INTO = {"taggit": "articles"}


class NewsroomAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """Return the sections of the index: no AXES or TAGGIT heading for the office."""
        apps = super().get_app_list(request)
        if not request.user.is_superuser:
            apps = [app for app in apps if app["app_label"] not in ADMINISTRATOR_ONLY_APPS]
        by_label = {app["app_label"]: app for app in apps}
        for label, into in FOLDED_INTO.items():
            if label in by_label and into in by_label:
                by_label[into]["models"].extend(by_label.pop(label)["models"])
                by_label[into]["models"].sort(key=lambda model: model["name"])
        apps = [app for app in apps if app["app_label"] in by_label]
        if app_label:
            apps = [app for app in apps if app["app_label"] == app_label]
        return apps
