"""Join screen: the projector's welcome, with the code, a QR code and the live count."""

from canvas.ui.workshop.join_screen import join_screen

join_screen()
