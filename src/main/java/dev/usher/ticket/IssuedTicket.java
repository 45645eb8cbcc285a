package dev.usher.ticket;

/** A ticket together with the one code that currently admits it. */
public record IssuedTicket(Ticket ticket, TicketCode code) {
}
