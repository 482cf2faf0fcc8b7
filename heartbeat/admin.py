from django.contrib import admin

from heartbeat.models import ExitCriterion, Phase, PhaseProduct


class PhaseProductInline(admin.StackedInline):
    model = PhaseProduct
    extra = 0


class ExitCriterionInline(admin.StackedInline):
    model = ExitCriterion
    extra = 0


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "purpose"]
    list_display_links = ["name"]
    search_fields = ["name", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PhaseProductInline, ExitCriterionInline]


@admin.register(PhaseProduct)
class PhaseProductAdmin(admin.ModelAdmin):
    list_display = ["name", "phase", "position"]
    list_filter = ["phase"]
    list_select_related = ["phase"]
    search_fields = ["name"]


@admin.register(ExitCriterion)
class ExitCriterionAdmin(admin.ModelAdmin):
    list_display = ["text", "phase", "mandatory", "position"]
    list_filter = ["phase", "mandatory"]
    list_select_related = ["phase"]
    search_fields = ["text"]
