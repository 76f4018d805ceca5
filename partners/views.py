from django.views.generic import DetailView, ListView

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
        # Through the reverse relation, whose manager has the meetings' own rules (and
        # gives each meeting this partner as its host without a query).
        return super().get_context_data(meetings=self.object.meetings.published(), **kwargs)
