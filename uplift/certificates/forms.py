from django import forms


class VerifyForm(forms.Form):
    number = forms.CharField(
        label="Certificate number",
        help_text="As printed on the certificate, for example UPL-7K3M-Q9XD.",
        max_length=20,
        error_messages={"required": "Enter the certificate number"},
    )

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()
