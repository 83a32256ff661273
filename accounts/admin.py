from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from accounts.models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ["all_opds", "opds"]
    filter_horizontal = ["opds"]


admin.site.unregister(User)


@admin.register(User)
class UserWithScopeAdmin(UserAdmin):
    inlines = [ProfileInline]
