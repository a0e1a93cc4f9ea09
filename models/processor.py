"""The processor itself (Smartnex Technologies): one row, named in records and emails."""

from sqlmodel import Field, SQLModel


class Processor(SQLModel, table=True):
    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str = Field(max_length=200)
    address: str = Field(max_length=500)
    contact_email: str = Field(max_length=254)
    dpo_email: str = Field(max_length=254)
