"""The owner's products: the social media plan (page data, PDF), the certificate and progress."""
