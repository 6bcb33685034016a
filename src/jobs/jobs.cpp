namespace paseo::jobs {}
