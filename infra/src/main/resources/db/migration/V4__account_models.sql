-- The models an account serves, comma-separated; NULL means every model.
ALTER TABLE accounts ADD COLUMN models VARCHAR(2000);
