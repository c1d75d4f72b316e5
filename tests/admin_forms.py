"""Admin change forms as a browser posts them: every field and inline row with its current value, then the
changes a test makes."""

from django.test import Client


def admin_change_form(admin_client: Client, url: str, **changes) -> dict:
    """The form data of the admin change page at `url`, as shown, with `changes` (field name → value) applied."""
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {}
    for bound in [form[name] for name in form.fields]:
        value = bound.value()
        if value not in (None, False):
            data[bound.html_name] = "on" if value is True else value
        if bound.field.show_hidden_initial:  # fields with a callable default: the page's hidden initial value
            data[bound.html_initial_name] = bound.field.prepare_value(bound.initial)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value is not None:
                    data[row[name].html_name] = value
    return {**data, **changes}
