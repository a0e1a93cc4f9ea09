"""The DPA register: agreements per tenant, their terms, signed copies and renewals."""
