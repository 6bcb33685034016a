-- When the supplier checked the travellers in (status REDEEMED; OCTO utcRedeemedAt), epoch ms.
-- NULL for every other booking, and again when the supplier undoes a check-in.
ALTER TABLE bookings ADD COLUMN redeemed_at BIGINT;
