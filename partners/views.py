from django.views.generic import DetailView, ListView

from meetings.models import ORDER, Meeting

from . import directory
from .models import Partner


class PartnerListView(ListView):
    template_name = "partners/partner_list.html"
    context_object_name = "partners"

    def get_queryset(self):
        # The footer's list: one query for both.
        return directory.for_request(self.request)


class PartnerDetailView(DetailView):
    model = Partner
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_context_data(self, **kwargs):
        meetings = Meeting.objects.published().for_cards().filter(host=self.object)
        return super().get_context_data(
            meetings=directory.attach(meetings.order_by(*ORDER), "host", [self.object]),
            **kwargs,
        )
