# "E" is the genitive month, as Greek writes dates: 28 Ιουλίου 2016.
DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
