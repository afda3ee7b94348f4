"""The contact form and the leads it stores."""
