-- Expiring points (ERC-7818): the policy, each account's points by epoch, and each epoch's books.
create table token_expiry (
  id smallint primary key check (id = 1),
  epoch_seconds bigint not null,
  validity_epochs integer not null,
  origin bigint not null
);
create table lots (
  id text primary key,
  account text not null,
  epoch bigint not null,
  points numeric(78,0) not null,
  warned boolean not null default false
);
create index lots_account on lots (account, epoch);
create index lots_epoch on lots (epoch, account);
create table epochs (
  epoch bigint primary key,
  issued numeric(78,0) not null,
  refunded numeric(78,0) not null,
  burned numeric(78,0) not null,
  held numeric(78,0) not null
);
