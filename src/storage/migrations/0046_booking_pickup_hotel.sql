-- OCTO pickups: a traveller may ask to be picked up at a hotel rather than at one of the product's
-- pickup points (pickupHotel, pickupHotelRoom). Kept with the booking for the supplier's day sheet.
ALTER TABLE bookings ADD COLUMN pickup_hotel TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN pickup_hotel_room TEXT NOT NULL DEFAULT '';
