from django.views.generic import DetailView, ListView

from meetings.models import Meeting

from .models import Partner


class PartnerListView(ListView):
    template_name = "partners/partner_list.html"
    context_object_name = "partners"

    def get_queryset(self):
        return Partner.objects.lead_first().for_cards()


class PartnerDetailView(DetailView):
    model = Partner
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meetings=Meeting.objects.published()
            .for_cards()
            .filter(host=self.object)
            .order_by("starts_at", "number"),
            **kwargs,
        )
